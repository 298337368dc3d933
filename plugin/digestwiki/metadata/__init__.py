"""Paper metadata from arXiv, OpenReview and friends, kept in a committed cache."""
