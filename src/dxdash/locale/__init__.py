"""Languages: the translation catalog, Japanese number and date forms, the English dataset."""
