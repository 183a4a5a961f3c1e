"""Every K function, written once, by family."""
