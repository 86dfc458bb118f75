"use client";
/**
 * Offered / answered / abandoned per period (bars) and service level (line, right axis).
 * Registers only the chart.js pieces it uses.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { Chart } from "react-chartjs-2";

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface QueueChartPoint {
  label: string;
  answered: number;
  abandoned: number;
  /** 0–100, null when nothing offered. */
  slPct: number | null;
}

export function QueueChart({ points }: { points: QueueChartPoint[] }) {
  return (
    <div className="history-chart" data-testid="queue-chart">
      <Chart
        type="bar"
        aria-label="Calls answered and abandoned, and service level, per period"
        data={{
          labels: points.map((p) => p.label),
          datasets: [
            { type: "bar", label: "Answered", data: points.map((p) => p.answered), backgroundColor: "#009e73", stack: "calls", yAxisID: "y" },
            { type: "bar", label: "Abandoned", data: points.map((p) => p.abandoned), backgroundColor: "#d55e00", stack: "calls", yAxisID: "y" },
            { type: "line", label: "Service level %", data: points.map((p) => p.slPct), borderColor: "#56b4e9", backgroundColor: "#56b4e9", yAxisID: "sl", spanGaps: true },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          color: "#e8ecf3",
          scales: {
            x: { stacked: true, ticks: { color: "#98a2b3" }, grid: { color: "#263044" } },
            y: { stacked: true, beginAtZero: true, title: { display: true, text: "Calls offered", color: "#98a2b3" }, ticks: { color: "#98a2b3", precision: 0 }, grid: { color: "#263044" } },
            sl: { position: "right", min: 0, max: 100, title: { display: true, text: "SL %", color: "#98a2b3" }, ticks: { color: "#98a2b3" }, grid: { drawOnChartArea: false } },
          },
        }}
      />
    </div>
  );
}
