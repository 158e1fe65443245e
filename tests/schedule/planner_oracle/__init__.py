"""Blind oracle and differential tests for the nudge planner (written blind, 2026-12-01)."""
