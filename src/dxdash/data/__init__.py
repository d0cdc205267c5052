"""Datasets: schema, build from source, validation, versioned store, snapshots, workbook import/export, series, synthetic data."""
