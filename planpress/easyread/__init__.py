"""The easy read stage: each plan's easy read version, the word bank and the picture library."""
