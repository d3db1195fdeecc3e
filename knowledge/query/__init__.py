"""Pure, in-memory parts of the query API: resolver, skill gaps, ranking and explanations."""
