"""The PDF handout (ReportLab)."""
