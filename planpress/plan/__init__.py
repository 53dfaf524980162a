"""The plan stage: a plan's YAML read with its lines, validated into the model, and its versions."""
