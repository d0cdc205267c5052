"""dxdash: the dashboard of Gunma Prefecture's DX achievements."""

__version__ = "0.1.0"
