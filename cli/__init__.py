"""The `sopflow` command line."""
