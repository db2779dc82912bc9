"""The app as one process: the dashboard (dashboard.py and pages/) and the HTTP API for automated flows
(rasp.api: POST /api/v1/returns, GET /api/v1/returns/{id}, GET /api/v1/openapi.json), through Streamlit's st.App.

Run with `streamlit run serve.py` (what scripts/run does); `streamlit run dashboard.py` serves the dashboard
without the API.
"""

import streamlit as st

from rasp.api import api_routes

app = st.App("dashboard.py", routes=api_routes())
