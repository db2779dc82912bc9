"""Partnership readiness: the product's brain. Never imports streamlit (except the rasp.ui adapter)."""
