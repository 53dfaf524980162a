"""Building both sites with Zensical."""
