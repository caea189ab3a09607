"""Case archives: BagIt export and offline verification of a whole case."""
