"""The method (BRIEF section 4): scores, gaps, agreement, ambition, trust, trends, findings and decisions. Pure pandas, no I/O."""
