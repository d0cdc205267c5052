"""Administration: login and the data-management page."""
