"""Keys and tokens, PAdES signing, the test PKI and signature verification."""
