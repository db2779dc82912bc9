"""Charts and the tables behind them: tidy DataFrame in, plotly Figure or display table out."""
