"""The checks stage: the reading rules, the quality gate that stops a build, and its report."""
