"""The app's life in a workspace: uninstalled, or its bot token revoked → that workspace's
tokens and data are deleted."""
