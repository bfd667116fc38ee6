"""FollowTheMoney entities: list entries of the store and curated records."""
