"""Settings, errors and the LKE indicator catalog — the bottom layer of Dukung."""
