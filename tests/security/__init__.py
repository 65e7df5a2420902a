"""The security suite of issue 14: each case fails without its fix."""
