"""Configuration, validated once and frozen: exemption profiles, hardening options, allow/deny lists,
recognizer settings and run options."""
