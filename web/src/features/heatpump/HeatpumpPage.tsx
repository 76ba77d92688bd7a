import { DailyRuntime } from './DailyRuntime';
import { HeatpumpStatus, Temperatures } from './HeatpumpWidgets';

export default function HeatpumpPage() {
  return (
    <div className="grid">
      <HeatpumpStatus />
      <Temperatures />
      <DailyRuntime />
    </div>
  );
}
