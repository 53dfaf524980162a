"""Site engines: each turns the pages planpress prepares into HTML."""
