"""Open data: every table as tidy, machine-readable CSV, with metadata, README, licence and ZIP.

Follows デジタル庁「行政データにおける機械可読性に関するルール」 (2026-03, superseding
「機械判読可能なデータの表記方法の統一ルール」): one header row, unique headers, numbers as pure
numbers (unit and qualifier in their own columns), one date notation per column (ISO 8601
``YYYY-MM``; 年度 as an integer column), long format, 全国地方公共団体コード beside place
names, no layout spaces or line breaks in cells, no platform-dependent characters, and an
empty cell (never 0) where the report states nothing. Pure functions, no Streamlit.

One module per job, in the order a table goes through them: ``clean`` (characters, months),
``columns`` (the column dictionary and a table made ready to write), ``frames`` (the tidy
tables of the bundle), ``page_tables`` (the rows a page shows, as its CSV/Excel download),
``export`` (CSV and Excel bytes, file names), ``bundle`` (metadata, README, licence, ZIP).
Nothing is re-exported here: import the module that defines a name.
"""
