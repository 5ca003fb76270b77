import { createRoot } from 'react-dom/client';

/** The servicedesk dashboard tab: the helper fills this in (issue 14). */
createRoot(document.getElementById('root')!).render(<main />);
