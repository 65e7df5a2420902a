"""A person's own data across the domains: the account page, the download, the deletion, and the legal pages."""
