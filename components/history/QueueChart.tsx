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
import { CHART } from "@/lib/wall/palette";

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface QueueChartPoint {
  label: string;
  answered: number;
  abandoned: number;
  /** 0–100, null when nothing offered. */
  slPct: number | null;
}

export function QueueChart({ points }: { points: QueueChartPoint[] }) {
  // A line needs two points to show; with one bucket (or gaps) the SL is drawn as visible dots.
  const slPoints = points.filter((p) => p.slPct !== null).length;
  const pointRadius = slPoints <= 1 ? 6 : points.length > 48 ? 0 : 3;
  return (
    <div className="history-chart" data-testid="queue-chart">
      <Chart
        type="bar"
        aria-label="Calls answered and abandoned, and service level, per period"
        data={{
          labels: points.map((p) => p.label),
          datasets: [
            { type: "bar", label: "Answered", data: points.map((p) => p.answered), backgroundColor: CHART.answered, stack: "calls", yAxisID: "y", order: 2 },
            { type: "bar", label: "Abandoned", data: points.map((p) => p.abandoned), backgroundColor: CHART.abandoned, stack: "calls", yAxisID: "y", order: 2 },
            { type: "line", label: "Service level %", data: points.map((p) => p.slPct), borderColor: CHART.serviceLevel, backgroundColor: CHART.serviceLevel, borderWidth: 3, pointRadius, pointHoverRadius: pointRadius + 3, pointBorderColor: "#000", pointBorderWidth: 2, yAxisID: "sl", spanGaps: true, order: 1 },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          color: CHART.text,
          scales: {
            x: { stacked: true, ticks: { color: CHART.dim }, grid: { color: CHART.grid } },
            y: { stacked: true, beginAtZero: true, title: { display: true, text: "Calls offered", color: CHART.dim }, ticks: { color: CHART.dim, precision: 0 }, grid: { color: CHART.grid } },
            sl: { position: "right", min: 0, max: 100, title: { display: true, text: "SL %", color: CHART.dim }, ticks: { color: CHART.dim }, grid: { drawOnChartArea: false } },
          },
        }}
      />
    </div>
  );
}
