"""Japanese text read and written as the report prints it: a leaf package that imports no dxdash."""
