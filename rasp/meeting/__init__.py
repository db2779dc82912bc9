"""The meeting: online collection links, the questionnaire laid out as a return, the presenter storyline, QR codes."""
