"""Speed and memory figures of Annotator against a floor measured in the same run."""
