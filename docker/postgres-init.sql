-- The Prefect server keeps its own database beside Dukung's records.
CREATE DATABASE prefect;
