"""The Iranian census of 1395 (2016) in the demo data set: which file columns become which
indicators' values, of which period, from which source."""

from __future__ import annotations

from counties.catalogue import CENSUS_SOURCE

__all__ = ["CENSUS_COLUMNS", "CENSUS_PERIOD", "CENSUS_SOURCE"]

# Census columns of iran_counties_census2016.csv that become observations of period 1395.
CENSUS_COLUMNS: dict[str, str] = {
    "population": "pop_2016",
    "urban_share": "urban_pct_2016",
    "literacy_rate": "literacy15plus_pct_2016",
    "unemployment_rate": "unemployment_rate_2016",
    "participation_rate": "participation_rate_2016",
}
CENSUS_PERIOD = "1395"
