"""The only part of rasp that imports streamlit: page set-up, caching, shared pickers."""
