"""The embedded demo: a test PKI, a roster and the seed SOPs run to completion."""
