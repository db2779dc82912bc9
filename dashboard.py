"""The entry point: who is here (signed in, or local mode) and the menu they may use. Every page is a file in
pages/; rasp.ui.navigation decides which of them this visitor is offered."""

from rasp.ui import navigate

navigate().run()
