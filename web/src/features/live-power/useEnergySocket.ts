import { useEffect, useState } from 'react';
import { config } from '../../config/env';
import { socketToken } from '../auth/auth';
import { ReconnectSchedule } from './backoff';
import { powerFromFrame } from './gauge';

export type SocketStatus = { kind: 'connecting' } | { kind: 'live' } | { kind: 'reconnecting'; attempt: number } | { kind: 'offline' };

export interface LivePower {
  watts: number | undefined;
  receivedAt: number | undefined;
  status: SocketStatus;
}

/**
 * The energy stream of energy-ws (web.md section 5): subscribe on open, reconnect with backoff,
 * a fresh token after close code 4001 or a refused upgrade, reconnect at once when the tab
 * becomes visible, close on unmount.
 */
export function useEnergySocket(): LivePower {
  const [live, setLive] = useState<LivePower>({ watts: undefined, receivedAt: undefined, status: { kind: 'connecting' } });

  useEffect(() => {
    const schedule = new ReconnectSchedule();
    let socket: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let freshToken = false;

    const connect = async () => {
      timer = undefined;
      let token: string | undefined;
      try {
        token = await socketToken(freshToken);
      } catch {
        token = undefined;
      }
      if (stopped) return;
      freshToken = false;
      const url = new URL(config.wsUrl, window.location.href);
      if (url.protocol === 'http:') url.protocol = 'ws:';
      if (url.protocol === 'https:') url.protocol = 'wss:';
      if (token) url.searchParams.set('token', token);
      const ws = new WebSocket(url);
      socket = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        schedule.connected(Date.now());
        ws.send(JSON.stringify({ type: 'subscribe', streams: ['energy'] }));
        setLive((l) => ({ ...l, status: { kind: 'live' } }));
      };
      ws.onmessage = (event: MessageEvent<unknown>) => {
        if (typeof event.data !== 'string') return;
        let frame: unknown;
        try {
          frame = JSON.parse(event.data);
        } catch {
          return;
        }
        const watts = powerFromFrame(frame);
        if (watts !== undefined) setLive((l) => ({ ...l, watts, receivedAt: Date.now() }));
      };
      ws.onclose = (event) => {
        if (stopped || socket !== ws) return;
        // 4001: token expired. A close before open is most often a refused upgrade (401).
        if (event.code === 4001 || !opened) freshToken = true;
        scheduleReconnect();
      };
    };

    const scheduleReconnect = () => {
      if (stopped || timer !== undefined) return;
      const delay = schedule.nextDelay(Date.now());
      setLive((l) => ({ ...l, status: navigator.onLine ? { kind: 'reconnecting', attempt: schedule.attempts } : { kind: 'offline' } }));
      timer = setTimeout(() => void connect(), delay);
    };

    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      if (socket && socket.readyState <= WebSocket.OPEN) return;
      if (timer !== undefined) clearTimeout(timer);
      schedule.reset();
      void connect();
    };

    void connect();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      socket?.close(1000);
    };
  }, []);

  return live;
}
