"""Fault tests: redelivery, Telegram failures, a bot killed at random moments."""
