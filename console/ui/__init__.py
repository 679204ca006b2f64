"""Widgets and Qt models; one subpackage per pane."""
