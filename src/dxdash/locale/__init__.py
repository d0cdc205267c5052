"""Languages: the Locale object, the translation catalogs, Japanese number and date forms, and
the dataset's report texts in English."""

from dxdash.locale.locale import Locale, get_locale

__all__ = ["Locale", "get_locale"]
