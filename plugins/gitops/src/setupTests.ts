import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a tab is real work: on a busy 2-core machine it takes seconds,
// so neither Jest's 5 s test limit nor Testing Library's 1 s wait may decide.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 20_000 });
