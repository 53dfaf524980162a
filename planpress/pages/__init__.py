"""The pages stage: Markdown pages of both sites from the model, with their templates and styles."""
