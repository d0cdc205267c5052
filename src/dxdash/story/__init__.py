"""What each section says: filters, figures and takeaways, computed once for every renderer."""
