import { HourlyConsumption } from '../energy/EnergyCharts';
import { ThisHour } from '../energy/ThisHour';
import { HeatpumpStatus, Temperatures } from '../heatpump/HeatpumpWidgets';
import { LivePowerGauge } from '../live-power/LivePowerGauge';
import IndoorClimate from '../temperature/IndoorClimate';

export default function DashboardPage() {
  return (
    <div className="grid">
      <LivePowerGauge />
      <ThisHour />
      <HeatpumpStatus />
      <Temperatures />
      <HourlyConsumption />
      <IndoorClimate />
    </div>
  );
}
