"""Our own locale formats (FORMAT_MODULE_PATH); anything not set here comes from Django's."""
