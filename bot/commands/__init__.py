"""The subcommands of `swcu`, grouped by the work they do."""
