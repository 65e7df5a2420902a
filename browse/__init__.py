"""Browsing the directory: home, search (list and map) and profiles, the public pages that compose every domain."""
