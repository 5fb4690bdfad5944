"""Pages of the participation domain, one module per part; views only ask and call."""
