"""One module per page group: auth (login), inbox (Kotak Masuk), task, case."""
