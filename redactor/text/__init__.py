"""Pure text helpers: normalisation as a requester searches, and person names as words."""
