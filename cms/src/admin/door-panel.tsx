import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage } from './error-message';

/**
 * 门口签到 on the edit view of an open event (开放活动): the door link for staff's phones, as a QR
 * code to scan from this screen and as a link to send. The server gives it only to the organizing
 * department (and its county's office, the city office): cms/src/events/organizer-routes.ts.
 */
const EVENT = 'api::open-event.open-event';
interface DoorLink { url: string; expiresAt: string; qr: string }

const chinaTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' });

function Door({ documentId }: { documentId: string }) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ busy?: boolean; link?: DoorLink; error?: string }>({});
  const open = async () => {
    setState({ busy: true });
    try {
      const { data } = await get<DoorLink>(`/tongyuan/events/${documentId}/door-link`);
      setState({ link: data });
    } catch (error) {
      setState({ error: errorMessage(error, '暂时无法生成签到链接，请稍后再试') });
    }
  };
  const { link } = state;
  return (
    <Box>
      {!link && <Button variant="secondary" size="S" loading={state.busy} onClick={open}>打开门口签到</Button>}
      {link && (
        <Flex direction="column" alignItems="flex-start" gap={2}>
          <img alt="门口签到页二维码" width={200} height={200} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qr)}`} />
          <Typography tag="p" variant="pi">用手机扫码打开签到页（扫报名二维码或按名单签到，断网也能用）。</Typography>
          <Typography tag="p" variant="pi" textColor="neutral600">有效至 {chinaTime(link.expiresAt)}；只发给本部门在门口签到的工作人员。</Typography>
          <a href={link.url} target="_blank" rel="noreferrer">在新标签页打开</a>
        </Flex>
      )}
      {state.error && <Typography tag="p" variant="pi" textColor="danger600">{state.error}</Typography>}
    </Box>
  );
}

export const DoorPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  if (model !== EVENT || !documentId) return null;
  return { title: '门口签到', content: <Door documentId={documentId} /> };
};
