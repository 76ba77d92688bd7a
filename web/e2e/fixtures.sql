-- History the pipeline cannot have produced yet on a fresh stack: a meter with 400 days of hourly
-- readings (1.5 kWh per hour) and a heat pump with 30 days of hourly status, both ending an hour
-- before now so that device-sim's live rows stay the latest.
INSERT INTO energy_consumption (time, device_serial, active_power_total, active_energy_total)
SELECT t, 'e2e-fixture-meter', 1500, (n * 1500)::bigint
FROM generate_series(date_trunc('hour', now()) - interval '400 days',
                     date_trunc('hour', now()) - interval '1 hour', interval '1 hour') WITH ORDINALITY AS s(t, n);

INSERT INTO heatpump_status (time, device_id, outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp,
                             brine_out_temp, brine_in_temp, runtime_compressor, runtime_hotwater, runtime_3kw,
                             runtime_6kw, compressor_on, hotwater_production, flowlinepump_on, brinepump_on,
                             aux_heater_3kw_on, aux_heater_6kw_on, integral)
SELECT t, 'ThermIQ_e2e_fixture', -2 + 4 * sin(n / 24.0), 35, 30, 48, 1, -2, (n * 0.6)::int, (n * 0.1)::int,
       (n * 0.05)::int, 0, true, false, true, true, false, false, -100
FROM generate_series(date_trunc('hour', now()) - interval '30 days',
                     date_trunc('hour', now()) - interval '1 hour', interval '1 hour') WITH ORDINALITY AS s(t, n);
